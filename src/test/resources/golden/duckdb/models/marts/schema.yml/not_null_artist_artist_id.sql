-- not_null: artist_id is never NULL in "main"."artist"
select *
from "main"."artist"
where artist_id is null
