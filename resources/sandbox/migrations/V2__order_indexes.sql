-- Indexes added over time by different people: one of them twice, one that nothing uses.
CREATE INDEX orders_customer_id_idx ON shop.orders (customer_id);
CREATE INDEX orders_customer_idx ON shop.orders (customer_id);
CREATE INDEX orders_placed_at_idx ON shop.orders (placed_at);
CREATE INDEX customers_fax_idx ON shop.customers (fax);
CREATE INDEX order_items_product_idx ON shop.order_items (product_id);
