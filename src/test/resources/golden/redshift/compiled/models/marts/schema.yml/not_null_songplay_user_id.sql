-- not_null: user_id is never NULL in "public"."songplay"
select *
from "public"."songplay"
where user_id is null
