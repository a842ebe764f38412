-- The time dimension's parts agree with the timestamp they were taken from.
select start_time, hour, day, month, year
from "public"."time"
where hour <> extract(hour from start_time)
    or day <> extract(day from start_time)
    or month <> extract(month from start_time)
    or year <> extract(year from start_time)
