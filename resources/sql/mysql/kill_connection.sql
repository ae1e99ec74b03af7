-- Ends one connection, rolling back its transaction. Parameter: its processlist id.
KILL CONNECTION ?
