<#--
  Cross-database macros, included in every template. A target's own library (starling/macros/<type>.ftl)
  redefines the ones its SQL dialect spells differently; a project's macros/*.ftl come last and may override both.
-->
<#-- A timestamp from epoch milliseconds (ANSI interval arithmetic). -->
<#function epoch_ms_to_timestamp expr>
  <#return "(timestamp '1970-01-01 00:00:00' + (" + expr + ") * interval '1 millisecond')">
</#function>

<#-- A SQL literal for a YAML value: strings quoted (' doubled), numbers and booleans as they are. -->
<#function literal value>
  <#if value?is_number || value?is_boolean>
    <#return value?c>
  </#if>
  <#return "'" + value?string?replace("'", "''") + "'">
</#function>

<#-- A deterministic key: md5 of the columns cast to text, joined with '|' (NULL as ''). -->
<#function surrogate_key columns...>
  <#local parts = []>
  <#list columns as column>
    <#local parts = parts + ["coalesce(cast(" + column + " as varchar), '')"]>
  </#list>
  <#return "md5(" + parts?join(" || '|' || ") + ")">
</#function>

<#-- The in-file config form, <@config materialized="view" schema="marts"/>: read when the project loads (see the
     README's Configuration section); rendering prints nothing, so the SQL is unchanged. -->
<#macro config settings...></#macro>
