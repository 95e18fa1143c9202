/**
 * The channels this gateway carries beyond the core's own (src/channel-id.ts), registered with
 * their capabilities on import. Anything that reads conversations without building the
 * channels themselves (the report command, the test harnesses) imports this; app/channels.ts
 * gets the same through each channel's index. A new channel with ids of its own adds its
 * ids module here (README "Adding a channel").
 */
import '../channels/meta/ids.js';
