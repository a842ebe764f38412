-- not_null: song_id is never NULL in "public"."song"
select *
from "public"."song"
where song_id is null
