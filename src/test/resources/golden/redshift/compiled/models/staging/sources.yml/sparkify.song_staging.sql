create table "public"."song_staging" (
    "num_songs" integer,
    "artist_id" varchar(65535),
    "artist_latitude" double precision,
    "artist_longitude" double precision,
    "artist_location" varchar(65535),
    "artist_name" varchar(65535),
    "song_id" varchar(65535),
    "title" varchar(65535),
    "duration" double precision,
    "year" integer,
    "_starling_batch" bigint
);

copy "public"."song_staging" ("num_songs", "artist_id", "artist_latitude", "artist_longitude", "artist_location", "artist_name", "song_id", "title", "duration", "year")
from 's3://udacity-dend/song_data/'
iam_role 'arn:aws:iam::123456789012:role/starling-redshift-s3-read'
format as json 'auto'
region 'us-west-2'
maxerror 1;
