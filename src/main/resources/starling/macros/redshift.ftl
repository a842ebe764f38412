<#-- Redshift spellings of the cross-database macros. -->
<#-- A timestamp from epoch milliseconds, keeping the milliseconds (a numeric number of seconds times an interval). -->
<#function epoch_ms_to_timestamp expr>
  <#return "(timestamp 'epoch' + (" + expr + ") / 1000.0 * interval '1 second')">
</#function>

<#-- A deterministic key: md5 of the columns cast to varchar, joined with '|' (NULL as ''). -->
<#function surrogate_key columns...>
  <#local parts = []>
  <#list columns as column>
    <#local parts = parts + ["coalesce(cast(" + column + " as varchar(65535)), '')"]>
  </#list>
  <#return "md5(" + parts?join(" || '|' || ") + ")">
</#function>
