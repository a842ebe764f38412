-- not_null: user_id is never NULL in "public"."user"
select *
from "public"."user"
where user_id is null
