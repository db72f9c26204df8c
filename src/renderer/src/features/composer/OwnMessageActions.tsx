import { useState, type KeyboardEvent } from 'react';
import type { ContractError, MessageView } from '../../../../shared/contract/channels';
import { useBridge, useCommands } from '../../bridge-context';
import { byteLength, errorLine, keyAction, MAX_MESSAGE_BYTES, refusalOf } from './logic';

/**
 * Edit and delete one of the operator's own messages (`messages.edit` / `messages.delete` through main, which
 * updates the pane with the "(edited)" marker or removes the message). Enter saves, Shift+Enter is a new line, Esc
 * cancels; deleting asks first.
 */
export function OwnMessageActions({ message }: { message: MessageView }) {
  const ops = useBridge();
  const commands = useCommands();
  const [mode, setMode] = useState<'idle' | 'editing' | 'confirmDelete'>('idle');
  const [text, setText] = useState('');
  const [error, setError] = useState<ContractError | string>();
  const [pending, setPending] = useState(false);

  const startEdit = (): void => {
    setText(message.markdown ?? message.text ?? '');
    setError(undefined);
    setMode('editing');
  };
  const save = async (): Promise<void> => {
    const refusal = refusalOf(text);
    if (refusal === 'empty') {
      setError('An edited message cannot be empty: delete it instead.');
      return;
    }
    if (refusal === 'tooLong') {
      setError(`The message is ${byteLength(text)} bytes; Webex accepts at most ${MAX_MESSAGE_BYTES}.`);
      return;
    }
    setPending(true);
    const r = await commands.run(
      `messages.edit:${message.id}`,
      'Edit the message',
      () => ops.messages.edit({ messageId: message.id, markdown: text }),
      { toast: false },
    );
    setPending(false);
    if (!r.ok) setError(r.error);
    else setMode('idle');
  };
  const remove = async (): Promise<void> => {
    setPending(true);
    const r = await commands.run(
      `messages.delete:${message.id}`,
      'Delete the message',
      () => ops.messages.delete({ messageId: message.id }),
      { toast: false },
    );
    setPending(false);
    if (!r.ok) setError(r.error);
    else setMode('idle');
  };
  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>): void => {
    if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      setMode('idle');
      return;
    }
    if (keyAction({ key: e.key, shiftKey: e.shiftKey, isComposing: e.nativeEvent.isComposing }) !== 'send') return;
    e.preventDefault();
    void save();
  };
  const errorText = errorLine(error);

  return (
    <div className="own-message">
      {mode === 'editing' ? (
        <div className="own-message-edit">
          <textarea
            className="composer-input"
            aria-label="Edit the message"
            value={text}
            rows={2}
            autoFocus
            onChange={(e) => setText(e.target.value)}
            onKeyDown={onKeyDown}
          />
          <div className="composer-footer small">
            <span className={byteLength(text) > MAX_MESSAGE_BYTES ? 'composer-bytes-over' : undefined}>
              {byteLength(text)}/{MAX_MESSAGE_BYTES} B
            </span>
            <span className="composer-buttons">
              <button type="button" onClick={() => setMode('idle')}>
                Cancel
              </button>
              <button type="button" disabled={pending} aria-busy={pending} onClick={() => void save()}>
                Save
              </button>
            </span>
          </div>
        </div>
      ) : mode === 'confirmDelete' ? (
        <div className="composer-confirm small" role="group" aria-label="Delete the message">
          <p>Delete this message for everyone in the space?</p>
          <button type="button" autoFocus onClick={() => setMode('idle')}>
            Keep it
          </button>
          <button type="button" className="danger" disabled={pending} onClick={() => void remove()}>
            Delete
          </button>
        </div>
      ) : (
        <span className="own-message-actions small">
          <button type="button" className="link small" onClick={startEdit}>
            Edit
          </button>
          <button type="button" className="link small" onClick={() => setMode('confirmDelete')}>
            Delete
          </button>
        </span>
      )}
      {errorText ? (
        <span className="composer-error small" role="alert">
          {errorText}
        </span>
      ) : null}
    </div>
  );
}
