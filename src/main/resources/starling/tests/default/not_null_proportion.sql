-- not_null_proportion: at least ${at_least} (at most ${at_most!1}) of ${column_name} in ${model} is not NULL
select not_null_proportion
from (
    select cast(count(${column_name}) as double precision) / nullif(count(*), 0) as not_null_proportion
    from ${model}
) as validation
where not_null_proportion < ${at_least} or not_null_proportion > ${at_most!1}
