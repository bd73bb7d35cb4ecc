-- Machine translations of free text (docs/machine-translation.md): one per message, free text
-- (its position, from 1) and target language, shared by every recipient who reads that language.
-- status: PENDING (asked for, or to be asked again), MACHINE (translated_text by engine),
-- UNAVAILABLE (given up after the attempts). The text is personal data like its message's.
create table free_text_translation (
  message_id      varchar(100)   not null,
  exchange_id     varchar(100)   not null,
  text_index      integer        not null,
  source_lang     varchar(2)     not null,
  target_lang     varchar(2)     not null,
  status          varchar(16)    not null,
  engine          varchar(40),
  translated_text varchar(60000),
  attempts        integer        not null,
  updated_at      timestamp with time zone not null,
  primary key (message_id, text_index, target_lang)
);

create index free_text_translation_pending on free_text_translation (status, updated_at);

-- The recipients whose delivery went out while the translation was PENDING: each gets the
-- translation (or word that none came) as a delivery of its own once it is settled.
create table free_text_translation_waiter (
  message_id  varchar(100) not null,
  text_index  integer      not null,
  target_lang varchar(2)   not null,
  recipient   varchar(42)  not null,
  primary key (message_id, text_index, target_lang, recipient)
);
