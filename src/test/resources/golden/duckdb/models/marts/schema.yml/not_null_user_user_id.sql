-- not_null: user_id is never NULL in "main"."user"
select *
from "main"."user"
where user_id is null
