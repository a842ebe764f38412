-- not_null: songplay_id is never NULL in "public"."songplay"
select *
from "public"."songplay"
where songplay_id is null
