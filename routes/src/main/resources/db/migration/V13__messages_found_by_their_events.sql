-- Every message the hub records has one exchange event (its step, or the hub's note of a notice),
-- and the events are indexed by exchange, so an exchange's messages are found through its events
-- (ExchangeTracking). The index of messages by exchange only repeated that, with random keys whose
-- leaf page every message rewrote at the commit (docs/performance.md).
drop index message_by_exchange;
