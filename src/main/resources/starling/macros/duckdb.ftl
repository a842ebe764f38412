<#-- DuckDB spellings of the cross-database macros. -->
<#function epoch_ms_to_timestamp expr>
  <#return "epoch_ms(" + expr + ")">
</#function>
