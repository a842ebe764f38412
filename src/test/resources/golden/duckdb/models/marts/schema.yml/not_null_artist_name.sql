-- not_null: name is never NULL in "main"."artist"
select *
from "main"."artist"
where name is null
