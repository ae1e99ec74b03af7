-- The next release: pending in the sandbox, so "Back up, then migrate" has something to do.
ALTER TABLE shop.orders ADD COLUMN gift_message text;
CREATE INDEX orders_status_idx ON shop.orders (status) WHERE status IN ('pending', 'paid');
