-- relationships: every non-NULL song_id in "main"."songplay" exists as song_id in "main"."song"
select child.song_id as missing_key, count(*) as occurrences
from "main"."songplay" as child
left join "main"."song" as parent on child.song_id = parent.song_id
where child.song_id is not null
  and parent.song_id is null
group by child.song_id
