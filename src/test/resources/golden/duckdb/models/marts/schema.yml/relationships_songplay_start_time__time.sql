-- relationships: every non-NULL start_time in "main"."songplay" exists as start_time in "main"."time"
select child.start_time as missing_key, count(*) as occurrences
from "main"."songplay" as child
left join "main"."time" as parent on child.start_time = parent.start_time
where child.start_time is not null
  and parent.start_time is null
group by child.start_time
