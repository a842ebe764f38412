-- How many users have played a song.
select count(*) as users
from "public"."user"
