-- Dimension: one row per distinct song play time, broken into parts (weekday: 0 = Sunday).
select distinct
    start_time,
    extract(hour from start_time) as hour,
    extract(day from start_time) as day,
    extract(week from start_time) as week,
    extract(month from start_time) as month,
    extract(year from start_time) as year,
    extract(dow from start_time) as weekday
from "public"."songplay"
