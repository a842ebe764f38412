-- expression_is_true: every row of ${model} satisfies ${column_name}<#if column_name?has_content> </#if>${expression}
select *
from ${model}
where not (${column_name}<#if column_name?has_content> </#if>${expression})
