-- Cancels the running statement of one connection. Parameter: its processlist id.
KILL QUERY ?
