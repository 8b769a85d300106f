// The openai npm package against serving: models, chat (plain and streamed) and completions with list prompts and n.
// Reads SERVING_URL, SERVING_API_KEY, CHAT_MODEL and TEXT_MODEL; prints one JSON object with what it saw.
import OpenAI from "openai";

const client = new OpenAI({ baseURL: `${process.env.SERVING_URL}/v1`, apiKey: process.env.SERVING_API_KEY, maxRetries: 0 });

const models = await client.models.list();
const ids = [];
for await (const model of models) ids.push(model.id);

const request = {
  model: process.env.CHAT_MODEL,
  messages: [{ role: "system", content: "Be brief." }, { role: "user", content: "Hello" }],
  max_tokens: 10,
  temperature: 0,
};
const chat = await client.chat.completions.create(request);

let streamed = "";
let finish = null;
let usage = null;
const stream = await client.chat.completions.create({ ...request, stream: true, stream_options: { include_usage: true } });
for await (const chunk of stream) {
  for (const choice of chunk.choices) {
    streamed += choice.delta?.content ?? "";
    finish = choice.finish_reason ?? finish;
  }
  usage = chunk.usage ?? usage;
}

const completions = await client.completions.create({
  model: process.env.TEXT_MODEL,
  prompt: ["Once upon a time", "The little dog"],
  n: 3,
  max_tokens: 6,
  temperature: 0.8,
  seed: 3,
});

let error = null;
try {
  await client.chat.completions.create({ ...request, model: "no-such-model" });
} catch (e) {
  error = { status: e.status, code: e.code ?? null };
}

console.log(JSON.stringify({
  models: ids,
  chat: { content: chat.choices[0].message.content, finish: chat.choices[0].finish_reason, usage: chat.usage },
  stream: { content: streamed, finish, usage },
  completions: completions.choices.map((c) => ({ index: c.index, text: c.text, finish: c.finish_reason })),
  error,
}));
