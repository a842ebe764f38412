-- relationships: every non-NULL user_id in "public"."songplay" exists as user_id in "public"."user"
select child.user_id as missing_key, count(*) as occurrences
from "public"."songplay" as child
left join "public"."user" as parent on child.user_id = parent.user_id
where child.user_id is not null
  and parent.user_id is null
group by child.user_id
