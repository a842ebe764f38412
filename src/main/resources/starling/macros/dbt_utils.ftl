<#--
  The most used dbt_utils macros under their dbt names and with their semantics, included in every template after
  the cross-database macros. A target's variants are in dbt_utils.<type>.ftl; a project's macros/*.ftl come last
  and may redefine any of them. Each takes its arguments in order, or by name as one hash:
  ${date_spine('day', "date '2024-01-01'", "date '2024-02-01'")} or
  ${date_spine({'datepart': 'day', 'start_date': "date '2024-01-01'", 'end_date': "date '2024-02-01'"})}.
  Arguments are SQL text (column names, expressions), as in dbt.
-->

<#-- The string type fields are cast to (dbt's type_string). -->
<#function type_string>
  <#return "varchar">
</#function>

<#-- md5 of each field cast to the string type, NULL as '_dbt_utils_surrogate_key_null_', joined with '-'. -->
<#function generate_surrogate_key args...>
  <#local a = arguments("generate_surrogate_key", args, ["field_list"])>
  <#local fields = a.field_list>
  <#if fields?is_string>
    <#local fields = [fields]>
  </#if>
  <#local parts = []>
  <#list fields as field>
    <#local parts = parts + ["coalesce(cast(" + field + " as " + type_string() + "), '_dbt_utils_surrogate_key_null_')"]>
  </#list>
  <#return "md5(cast(" + parts?join(" || '-' || ") + " as " + type_string() + "))">
</#function>

<#-- numerator / denominator, NULL when the denominator is 0. -->
<#function safe_divide args...>
  <#local a = arguments("safe_divide", args, ["numerator", "denominator"])>
  <#return "(" + a.numerator + ") / nullif((" + a.denominator + "), 0)">
</#function>

<#-- An interval of n dateparts (day, week, month, quarter, year, hour, minute, second). -->
<#function dbt_utils_interval datepart>
  <#switch datepart?lower_case>
    <#case "week"><#return "interval '7 day'">
    <#case "quarter"><#return "interval '3 month'">
    <#case "day"><#case "month"><#case "year"><#case "hour"><#case "minute"><#case "second">
      <#return "interval '1 " + datepart?lower_case + "'">
    <#default>
      <#stop "date_spine(): unknown datepart '" + datepart + "'; use day, week, month, quarter, year, hour, minute or second">
  </#switch>
</#function>

<#--
  One row per datepart from start_date (included) to end_date (excluded), in a column date_<datepart>: the
  timestamps start_date + k * datepart. A query: use it as a subquery or a CTE's body.
-->
<#function date_spine args...>
  <#local a = arguments("date_spine", args, ["datepart", "start_date", "end_date"])>
  <#local step = dbt_utils_interval(a.datepart)>
  <#local start = "cast(" + a.start_date + " as timestamp)">
  <#local end = "cast(" + a.end_date + " as timestamp)">
  <#return "with recursive date_spine_periods (period_index) as (\n"
    + "    select 0 where " + start + " < " + end + "\n"
    + "    union all\n"
    + "    select period_index + 1 from date_spine_periods\n"
    + "    where " + start + " + (period_index + 1) * " + step + " < " + end + "\n"
    + ")\n"
    + "select " + start + " + period_index * " + step + " as date_" + a.datepart?lower_case + "\n"
    + "from date_spine_periods">
</#function>

<#--
  The columns of a model or source (from its YAML: compile does not ask the database), except some, each with an
  optional relation alias, prefix and suffix.
-->
<#function star args...>
  <#local a = arguments("star", args, ["from", "except", "relation_alias", "prefix", "suffix", "quote_identifiers"],
    {"except": [], "relation_alias": "", "prefix": "", "suffix": "", "quote_identifiers": true})>
  <#local excluded = []>
  <#list a.except as name>
    <#local excluded = excluded + [name?lower_case]>
  </#list>
  <#local out = []>
  <#list columns_of(a.from) as column>
    <#if !excluded?seq_contains(column.name?lower_case)>
      <#local name = a.quote_identifiers?then(adapter.quote(column.name), column.name)>
      <#local item = (a.relation_alias?has_content)?then(a.relation_alias + ".", "") + name>
      <#if a.prefix?has_content || a.suffix?has_content>
        <#local alias = a.prefix + column.name + a.suffix>
        <#local item = item + " as " + a.quote_identifiers?then(adapter.quote(alias), alias)>
      </#if>
      <#local out = out + [item]>
    </#if>
  </#list>
  <#if out?size == 0>
    <#stop "star(): every column of " + a.from + " is excluded">
  </#if>
  <#return out?join(",\n  ")>
</#function>

<#--
  The rows of several relations in one query: every column of any of them (NULL where one lacks it, cast to the
  YAML's data_type when it gives one, or to column_override's type), and _dbt_source_relation naming the relation.
-->
<#function union_relations args...>
  <#local a = arguments("union_relations", args,
    ["relations", "exclude", "include", "column_override", "source_column_name", "where"],
    {"exclude": [], "include": [], "column_override": {}, "source_column_name": "_dbt_source_relation", "where": ""})>
  <#if a.include?size gt 0 && a.exclude?size gt 0>
    <#stop "union_relations(): give include or exclude, not both">
  </#if>
  <#local include = a.include?map(c -> c?lower_case)>
  <#local exclude = a.exclude?map(c -> c?lower_case)>
  <#local names = []>
  <#local types = {}>
  <#local present = {}>
  <#local originals = {}>
  <#list a.relations as relation>
    <#local mine = []>
    <#list columns_of(relation) as column>
      <#local key = column.name?lower_case>
      <#if (include?size == 0 || include?seq_contains(key)) && !exclude?seq_contains(key)>
        <#local mine = mine + [key]>
        <#if !names?seq_contains(key)>
          <#local names = names + [key]>
          <#local originals = originals + {key: column.name}>
          <#local types = types + {key: (a.column_override[column.name])!(column.data_type)}>
        </#if>
      </#if>
    </#list>
    <#local present = present + {relation: mine}>
  </#list>
  <#local selects = []>
  <#list a.relations as relation>
    <#local items = []>
    <#if a.source_column_name?has_content>
      <#local items = items + ["cast(" + literal(relation) + " as " + type_string() + ") as " + adapter.quote(a.source_column_name)]>
    </#if>
    <#list names as name>
      <#local value = present[relation]?seq_contains(name)?then(adapter.quote(originals[name]), "null")>
      <#if types[name]?has_content>
        <#local value = "cast(" + value + " as " + types[name] + ")">
      </#if>
      <#local items = items + [value + " as " + adapter.quote(originals[name])]>
    </#list>
    <#local selects = selects + ["(\n    select\n        " + items?join(",\n        ") + "\n    from " + relation
      + a.where?has_content?then("\n    where " + a.where, "") + "\n)"]>
  </#list>
  <#return selects?join("\nunion all\n")>
</#function>

<#-- A name for a pivoted column: lower case, spaces and dashes as _, only letters, digits and _, no leading digit. -->
<#function slugify text>
  <#local out = text?lower_case?replace("[ -]+", "_", "r")?replace("[^a-z0-9_]+", "", "r")>
  <#return out?matches("^[0-9].*")?then("_" + out, out)>
</#function>

<#-- One aggregated column per value: agg(case when column cmp 'value' then then_value else else_value end). -->
<#function pivot args...>
  <#local a = arguments("pivot", args, ["column", "values", "alias", "agg", "cmp", "prefix", "suffix", "then_value",
    "else_value", "quote_identifiers", "distinct"], {"alias": true, "agg": "sum", "cmp": "=", "prefix": "", "suffix": "",
    "then_value": 1, "else_value": 0, "quote_identifiers": true, "distinct": false})>
  <#local out = []>
  <#list a.values as value>
    <#local item = a.agg + "(" + a.distinct?then("distinct ", "") + "case when " + a.column + " " + a.cmp + " "
      + literal(value?string) + " then " + a.then_value?string + " else " + a.else_value?string + " end)">
    <#if a.alias>
      <#local name = a.prefix + value?string + a.suffix>
      <#local item = item + " as " + a.quote_identifiers?then(adapter.quote(name), slugify(name))>
    </#if>
    <#local out = out + [item]>
  </#list>
  <#return out?join(",\n  ")>
</#function>

<#--
  One row per partition_by, the first by order_by, with the relation's columns. The default keeps the relation's
  declared columns (NULL-safe); for a relation with no declared columns (a CTE) it joins back on every column, as
  dbt_utils does, which drops rows holding a NULL. A target may spell it better (DuckDB: qualify).
-->
<#function deduplicate args...>
  <#local a = arguments("deduplicate", args, ["relation", "partition_by", "order_by"])>
  <#local numbered = "select *, row_number() over (partition by " + a.partition_by + " order by " + a.order_by
    + ") as dbt_utils_row_number from " + a.relation>
  <#local columns = columns_of(a.relation, false)>
  <#if columns?size gt 0>
    <#return "select " + columns?map(c -> adapter.quote(c.name))?join(", ") + "\nfrom (\n    " + numbered
      + "\n) as numbered\nwhere dbt_utils_row_number = 1">
  </#if>
  <#return "select distinct data.*\nfrom " + a.relation + " as data\nnatural join (\n    " + numbered
    + "\n) as row_numbered\nwhere row_numbered.dbt_utils_row_number = 1">
</#function>
