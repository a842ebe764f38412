-- not_null: level is never NULL in "main"."user"
select *
from "main"."user"
where level is null
