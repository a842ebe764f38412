-- Song plays per month of 2018 (all plays, whether or not the song is in song_data).
select t.month, count(*) as listens
from "public"."songplay" as sp
join "public"."time" as t on t.start_time = sp.start_time
where t.year = 2018
group by t.month
order by t.month
