-- Computes the expected tables straight from the three CSVs with DuckDB, not through Starling (see README.md).
-- Run from this folder: the DuckDB CLI (duckdb < expected/expected.sql) or any DuckDB connection.
create or replace temp view customer_csv as select * from read_csv('seeds/raw_customers.csv', header = true);
create or replace temp view order_csv as select * from read_csv('seeds/raw_orders.csv', header = true);
create or replace temp view payment_csv as select * from read_csv('seeds/raw_payments.csv', header = true);

-- One row per customer: their orders' first and last dates and count, and the dollars paid for their orders
-- (payments are in cents). A customer with no orders has NULLs (the dbt project left-joins).
copy (
    select
        c.id as customer_id,
        c.first_name,
        c.last_name,
        (select min(o.order_date) from order_csv o where o.user_id = c.id) as first_order,
        (select max(o.order_date) from order_csv o where o.user_id = c.id) as most_recent_order,
        (select case when count(*) > 0 then count(*) end from order_csv o where o.user_id = c.id) as number_of_orders,
        (select sum(p.amount) / 100.0 from payment_csv p join order_csv o on o.id = p.order_id
            where o.user_id = c.id) as customer_lifetime_value
    from customer_csv c
    order by c.id
) to 'expected/customers.csv' (header, delimiter ',');

-- One row per order with the dollars paid by each method (0 when none) and in total (NULL with no payment).
copy (
    select
        o.id as order_id,
        o.user_id as customer_id,
        o.order_date,
        o.status,
        (select coalesce(sum(amount), 0) / 100.0 from payment_csv where order_id = o.id and payment_method = 'credit_card')
            as credit_card_amount,
        (select coalesce(sum(amount), 0) / 100.0 from payment_csv where order_id = o.id and payment_method = 'coupon')
            as coupon_amount,
        (select coalesce(sum(amount), 0) / 100.0 from payment_csv where order_id = o.id and payment_method = 'bank_transfer')
            as bank_transfer_amount,
        (select coalesce(sum(amount), 0) / 100.0 from payment_csv where order_id = o.id and payment_method = 'gift_card')
            as gift_card_amount,
        (select sum(amount) / 100.0 from payment_csv where order_id = o.id) as amount
    from order_csv o
    order by o.id
) to 'expected/orders.csv' (header, delimiter ',');
