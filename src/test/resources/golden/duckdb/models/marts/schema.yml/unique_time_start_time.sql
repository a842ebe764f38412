-- unique: start_time has no repeated value in "main"."time"
select start_time as unique_value, count(*) as occurrences
from "main"."time"
where start_time is not null
group by start_time
having count(*) > 1
