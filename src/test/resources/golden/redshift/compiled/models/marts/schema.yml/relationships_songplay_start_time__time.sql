-- relationships: every non-NULL start_time in "public"."songplay" exists as start_time in "public"."time"
select child.start_time as missing_key, count(*) as occurrences
from "public"."songplay" as child
left join "public"."time" as parent on child.start_time = parent.start_time
where child.start_time is not null
  and parent.start_time is null
group by child.start_time
