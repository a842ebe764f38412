<#assign payment_methods = ['credit_card', 'coupon', 'bank_transfer', 'gift_card']>
with orders as (
    select * from ${ref('stg_orders')}
),

payments as (
    select * from ${ref('stg_payments')}
),

order_payments as (
    select
        order_id,
        <#list payment_methods as payment_method>
        sum(case when payment_method = '${payment_method}' then amount else 0 end) as ${payment_method}_amount,
        </#list>
        sum(amount) as total_amount
    from payments
    group by order_id
),

final as (
    select
        orders.order_id,
        orders.customer_id,
        orders.order_date,
        orders.status,
        <#list payment_methods as payment_method>
        order_payments.${payment_method}_amount,
        </#list>
        order_payments.total_amount as amount
    from orders
    left join order_payments
        on orders.order_id = order_payments.order_id
)

select * from final
