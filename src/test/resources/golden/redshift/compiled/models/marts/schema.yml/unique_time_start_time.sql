-- unique: start_time has no repeated value in "public"."time"
select start_time as unique_value, count(*) as occurrences
from "public"."time"
where start_time is not null
group by start_time
having count(*) > 1
