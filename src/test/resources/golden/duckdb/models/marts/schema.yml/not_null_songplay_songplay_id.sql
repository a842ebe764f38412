-- not_null: songplay_id is never NULL in "main"."songplay"
select *
from "main"."songplay"
where songplay_id is null
