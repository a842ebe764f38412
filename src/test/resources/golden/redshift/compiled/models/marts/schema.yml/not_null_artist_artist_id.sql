-- not_null: artist_id is never NULL in "public"."artist"
select *
from "public"."artist"
where artist_id is null
