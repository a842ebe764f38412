-- not_null: user_id is never NULL in "main"."songplay"
select *
from "main"."songplay"
where user_id is null
