<#-- DuckDB spellings of the dbt_utils macros. -->

<#-- One row per partition_by, the first by order_by, every column of the relation (a table or a CTE), NULL-safe. -->
<#function deduplicate args...>
  <#local a = arguments("deduplicate", args, ["relation", "partition_by", "order_by"])>
  <#return "select *\nfrom " + a.relation + "\nqualify row_number() over (partition by " + a.partition_by
    + " order by " + a.order_by + ") = 1">
</#function>
