-- not_null: artist_id is never NULL in "public"."song"
select *
from "public"."song"
where artist_id is null
