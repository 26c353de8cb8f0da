// A taxonomy whose every text is hostile to a page or a Markdown file: markup that would run script
// (`<img src=x onerror=...>`, `</script>`), comment and template terminators, quotes, pipes, emoji,
// and a very long description. Shared by the docs tests and the browser tests of the web view,
// which assert it all shows as text and nothing runs. In: nothing. Out: the YAML and its strings.
export const HOSTILE_MARKUP = '<img src=x onerror="window.__pwned=1">';
export const HOSTILE_EVENT = 'Signup <b>Completed</b>';
export const LONG_TEXT = `${'very long value '.repeat(400)}end`;

export const HOSTILE_TAXONOMY = `taxonomy: hostile
version: 1.0.0
description: ${JSON.stringify(`${HOSTILE_MARKUP} | a pipe | *stars* [link](javascript:alert(1))`)}
types:
  tier:
    type: string
    enum: ["</script><script>window.__pwned=2</script>", "it's \\"quoted\\"", "🎉"]
    description: ${JSON.stringify('*/ ends a comment </script> and `ticks`')}
events:
  ${JSON.stringify(HOSTILE_EVENT)}:
    description: ${JSON.stringify(`${HOSTILE_MARKUP} "double" 'single' 🎉 ${LONG_TEXT}`)}
    identity: user_id
    properties:
      "a|b": { type: string, required: true, description: "- looks like a list item | and a pipe" }
      "</script>": tier
  paywall_viewed:
    description: A paywall was shown.
    identity: user_id
    deprecated: ${JSON.stringify(`Send ${HOSTILE_MARKUP} instead.`)}
    idempotencyKey: [user_id, paywall_id]
    tags: ["<i>tag</i>"]
    properties:
      paywall_id: { type: string, required: true, minLength: 1 }
      email_hash: { type: string, pii: true, examples: ["<b>x</b>"], deprecated: true }
`;
