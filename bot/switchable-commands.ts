import type { ChatCommands } from './chat-commands.js';

/** Commands that can be replaced while the bot runs: the cell commands once Redis answers. */
export interface SwitchableCommands extends ChatCommands {
  /** Answers with these from now on. */
  use(commands: readonly ChatCommands[]): void;
}

/** Starts with `initial`; each command and button goes to the first current group that owns it. */
export function switchableCommands(initial: readonly ChatCommands[]): SwitchableCommands {
  let current = initial;
  const owner = (name: string) => current.find((group) => group.commands.includes(name));
  const buttonOwner = (data: string) => current.find((group) => group.buttonPrefixes?.some((prefix) => data.startsWith(prefix)));
  return {
    get commands() {
      return current.flatMap((group) => group.commands);
    },
    get buttonPrefixes() {
      return current.flatMap((group) => group.buttonPrefixes ?? []);
    },
    async handle(name, args, message) {
      return (await owner(name)?.handle(name, args, message)) ?? [];
    },
    async handleButton(press) {
      return (await buttonOwner(press.data)?.handleButton?.(press)) ?? {};
    },
    async handleAttachment(message) {
      return (await current.find((group) => group.handleAttachment)?.handleAttachment?.(message)) ?? [];
    },
    async handleText(message, text) {
      for (const group of current) {
        const replies = await group.handleText?.(message, text);
        if (replies) return replies;
      }
      return undefined;
    },
    async helpFor(message) {
      return current.find((group) => group.helpFor)?.helpFor?.(message);
    },
    use(commands) {
      current = commands;
    },
  };
}
