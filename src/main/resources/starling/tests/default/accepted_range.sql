-- accepted_range: ${column_name} in ${model} is <#if min_value??>at least ${min_value}</#if><#if min_value?? && max_value??> and </#if><#if max_value??>at most ${max_value}</#if><#if !(inclusive!true)> (exclusive)</#if> (NULLs are not checked)
<#assign op = (inclusive!true)?then("=", "")>
select *
from ${model}
where 1 = 2<#if min_value??>
   or not (${column_name} >${op} ${min_value})</#if><#if max_value??>
   or not (${column_name} <${op} ${max_value})</#if>
