<#-- Redshift spellings of the dbt_utils macros. -->

<#-- Redshift's varchar is varchar(256): a longer value would not fit. -->
<#function type_string>
  <#return "varchar(65535)">
</#function>
