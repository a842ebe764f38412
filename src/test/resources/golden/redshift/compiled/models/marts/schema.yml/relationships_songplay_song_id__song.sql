-- relationships: every non-NULL song_id in "public"."songplay" exists as song_id in "public"."song"
select child.song_id as missing_key, count(*) as occurrences
from "public"."songplay" as child
left join "public"."song" as parent on child.song_id = parent.song_id
where child.song_id is not null
  and parent.song_id is null
group by child.song_id
