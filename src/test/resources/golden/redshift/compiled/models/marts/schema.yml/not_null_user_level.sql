-- not_null: level is never NULL in "public"."user"
select *
from "public"."user"
where level is null
