-- Turns a lone connection into an inspection session in one round trip (pools use startup options instead).
-- Parameters: statement timeout in milliseconds, application name.
SELECT set_config('statement_timeout', ?, false),
       set_config('default_transaction_read_only', 'on', false),
       set_config('application_name', ?, false)
