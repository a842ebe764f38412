-- relationships: every non-NULL user_id in "main"."songplay" exists as user_id in "main"."user"
select child.user_id as missing_key, count(*) as occurrences
from "main"."songplay" as child
left join "main"."user" as parent on child.user_id = parent.user_id
where child.user_id is not null
  and parent.user_id is null
group by child.user_id
