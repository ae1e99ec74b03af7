-- Demo data, generated on the server so the first run stays fast and offline.
SELECT setseed(0.42);

INSERT INTO shop.customers (email, full_name, country, created_at)
SELECT 'customer' || g || '@example.com',
       (ARRAY['Ada','Grace','Linus','Barbara','Ken','Edsger','Margaret','Dennis'])[1 + g % 8] || ' ' ||
       (ARRAY['Lovelace','Hopper','Torvalds','Liskov','Thompson','Dijkstra','Hamilton','Ritchie'])[1 + (g / 8) % 8],
       (ARRAY['US','GB','DE','FR','NL','BR','IN','JP'])[1 + g % 8],
       now() - (g % 700) * interval '1 day'
FROM generate_series(1, 40000) AS g;

INSERT INTO shop.products (sku, name, price_cents, stock)
SELECT 'SKU-' || lpad(g::text, 5, '0'), 'Product ' || g, 199 + (g * 37) % 20000, 10 + g % 500
FROM generate_series(1, 2000) AS g;

INSERT INTO shop.orders (customer_id, status, total_cents, placed_at)
SELECT 1 + (g * 7919) % 40000,
       (ARRAY['pending','paid','shipped','delivered','delivered','delivered','cancelled']::shop.order_status[])[1 + g % 7],
       500 + (g * 131) % 50000,
       now() - (g % 365) * interval '1 day' - (g % 1440) * interval '1 minute'
FROM generate_series(1, 150000) AS g;

INSERT INTO shop.order_items (order_id, line, product_id, quantity, note)
SELECT o, l, 1 + (o * 31 + l * 17) % 2000, 1 + (o + l) % 4,
       CASE WHEN (o + l) % 23 = 0 THEN 'gift wrap please' END
FROM generate_series(1, 150000) AS o, generate_series(1, 3) AS l;

INSERT INTO shop.events (kind, payload, created_at)
SELECT (ARRAY['page_view','add_to_cart','checkout','login'])[1 + g % 4],
       jsonb_build_object('session', md5(g::text), 'path', '/p/' || (g % 2000), 'ms', g % 900),
       now() - (g % 10000) * interval '1 minute'
FROM generate_series(1, 100000) AS g;

INSERT INTO shop.carts (customer_id, items, updated_at)
SELECT 1 + g % 40000, g % 6, now() - (g % 30) * interval '1 day'
FROM generate_series(1, 20000) AS g;

-- Carts churn: autovacuum is off for this table, so its dead rows show in Overview and Tables.
ALTER TABLE shop.carts SET (autovacuum_enabled = false);
UPDATE shop.carts SET items = items + 1, updated_at = now() WHERE id % 10 < 4;

ANALYZE shop.customers, shop.products, shop.orders, shop.order_items, shop.events;
