-- not_null: ts is never NULL in "main"."event_staging"
select *
from "main"."event_staging"
where ts is null
