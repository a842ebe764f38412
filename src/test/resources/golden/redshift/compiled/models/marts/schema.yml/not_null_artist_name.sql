-- not_null: name is never NULL in "public"."artist"
select *
from "public"."artist"
where name is null
