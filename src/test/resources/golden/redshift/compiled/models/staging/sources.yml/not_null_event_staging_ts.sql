-- not_null: ts is never NULL in "public"."event_staging"
select *
from "public"."event_staging"
where ts is null
