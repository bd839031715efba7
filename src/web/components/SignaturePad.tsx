import SignaturePadLib from 'signature_pad';
import { useCallback, useEffect, useId, useRef, useState } from 'react';
import { Button } from './Button';
import { RadioGroup } from './RadioGroup';
import { TextField } from './TextField';
import './signature.css';

export type SignatureMode = 'draw' | 'type';

export interface SignaturePadProps {
  /** The group's visible name, e.g. "Your signature". */
  label: string;
  /** Called with a PNG data URL whenever the signature changes, or null while there is none. */
  onChange: (dataUrl: string | null) => void;
  /** What the typed signature starts from (the signer's full name) until they change it. */
  suggestedName: string;
  error?: string | undefined;
  isDisabled?: boolean;
}

const MODES = [
  { id: 'draw', label: 'Draw it' },
  { id: 'type', label: 'Type it' },
];

/** A script-like face every device has offline: the system cursive, falling back to italic serif. */
const TYPED_FONT = '"Segoe Script", "Brush Script MT", "Apple Chancery", "URW Chancery L", "Z003", cursive, Georgia, serif';
const TYPED_WIDTH = 600;
const TYPED_HEIGHT = 160;

/** The typed name drawn on a white canvas in the script face, as a PNG data URL (null for blank). */
export function typedSignaturePng(text: string, canvas: HTMLCanvasElement = document.createElement('canvas')): string | null {
  const name = text.trim();
  canvas.width = TYPED_WIDTH;
  canvas.height = TYPED_HEIGHT;
  const ctx = canvas.getContext('2d');
  if (!ctx) return null;
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, TYPED_WIDTH, TYPED_HEIGHT);
  if (name === '') return null;
  let size = 64;
  ctx.font = `italic ${size}px ${TYPED_FONT}`;
  // Long names shrink to fit the line.
  while (size > 18 && ctx.measureText(name).width > TYPED_WIDTH - 40) {
    size -= 2;
    ctx.font = `italic ${size}px ${TYPED_FONT}`;
  }
  ctx.fillStyle = '#10203a';
  ctx.textBaseline = 'middle';
  ctx.fillText(name, 20, TYPED_HEIGHT / 2);
  return canvas.toDataURL('image/png');
}

/**
 * A signature: drawn with a finger, pen or mouse (signature_pad, pointer events) or typed and set in
 * a script face — both become a PNG. Typing is the way for keyboard and screen-reader users; the
 * drawing area is sized for the device's pixel ratio and redrawn when it resizes.
 */
export function SignaturePad({ label, onChange, suggestedName, error, isDisabled }: SignaturePadProps) {
  const id = useId();
  const [mode, setMode] = useState<SignatureMode>('draw');
  const [typed, setTyped] = useState<string | null>(null);
  const [hasDrawing, setHasDrawing] = useState(false);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const padRef = useRef<SignaturePadLib | null>(null);
  const onChangeRef = useRef(onChange);
  onChangeRef.current = onChange;
  const typedText = typed ?? suggestedName;

  const emitDrawing = useCallback(() => {
    const pad = padRef.current;
    const empty = !pad || pad.isEmpty();
    setHasDrawing(!empty);
    onChangeRef.current(empty || !pad ? null : pad.toDataURL('image/png'));
  }, []);

  // The drawing pad lives while "Draw it" is chosen; its canvas is resized (keeping the strokes) to the box × devicePixelRatio.
  useEffect(() => {
    const canvas = canvasRef.current;
    if (mode !== 'draw' || !canvas) return;
    const pad = new SignaturePadLib(canvas, { backgroundColor: 'rgb(255, 255, 255)', penColor: '#10203a', minWidth: 0.8, maxWidth: 2.6 });
    padRef.current = pad;
    const resize = () => {
      const ratio = Math.max(window.devicePixelRatio || 1, 1);
      const width = canvas.offsetWidth;
      const height = canvas.offsetHeight;
      if (width === 0 || height === 0) return;
      if (canvas.width === Math.round(width * ratio) && canvas.height === Math.round(height * ratio)) return;
      const strokes = pad.toData();
      canvas.width = Math.round(width * ratio);
      canvas.height = Math.round(height * ratio);
      canvas.getContext('2d')?.scale(ratio, ratio);
      pad.clear();
      if (strokes.length > 0) pad.fromData(strokes);
      emitDrawing();
    };
    resize();
    const observer = typeof ResizeObserver === 'undefined' ? null : new ResizeObserver(resize);
    observer?.observe(canvas);
    window.addEventListener('resize', resize);
    pad.addEventListener('endStroke', emitDrawing);
    return () => {
      observer?.disconnect();
      window.removeEventListener('resize', resize);
      pad.removeEventListener('endStroke', emitDrawing);
      pad.off();
      padRef.current = null;
    };
  }, [mode, emitDrawing]);

  useEffect(() => {
    if (isDisabled) padRef.current?.off();
    else padRef.current?.on();
  }, [isDisabled, mode]);

  // In "Type it" the PNG follows the text.
  useEffect(() => {
    if (mode !== 'type') return;
    onChangeRef.current(typedSignaturePng(typedText));
  }, [mode, typedText]);

  const switchMode = (next: string) => {
    const m: SignatureMode = next === 'type' ? 'type' : 'draw';
    setMode(m);
    if (m === 'draw') {
      setHasDrawing(false);
      onChangeRef.current(null);
    }
  };

  const clear = () => {
    padRef.current?.clear();
    emitDrawing();
  };

  return (
    <div role="group" aria-labelledby={`${id}-label`} className="signature" data-invalid={error ? true : undefined}>
      <p id={`${id}-label`} className="field-label signature-label">
        {label}
      </p>
      <RadioGroup label="How would you like to sign?" options={MODES} value={mode} onChange={switchMode} orientation="horizontal" isDisabled={isDisabled} />
      {mode === 'draw' ? (
        <div className="signature-draw">
          <p id={`${id}-draw-help`} className="field-description">
            Sign in the box with your finger, a stylus or the mouse. Can’t draw? Choose “Type it”.
          </p>
          <div className="signature-box">
            <canvas
              ref={canvasRef}
              className="signature-canvas"
              role="img"
              aria-label={hasDrawing ? 'Your drawn signature' : 'Signature box (empty)'}
              aria-describedby={`${id}-draw-help`}
              data-testid="signature-canvas"
            />
            <span className="signature-line" aria-hidden="true" />
          </div>
          <div className="signature-actions">
            <Button size="sm" variant="secondary" onPress={clear} isDisabled={isDisabled || !hasDrawing}>
              Clear
            </Button>
          </div>
        </div>
      ) : (
        <div className="signature-type">
          <TextField
            label="Type your signature"
            value={typedText}
            onChange={setTyped}
            autoComplete="name"
            isDisabled={isDisabled}
            description="Your name is set in a handwriting style as your signature."
          />
          <div className="signature-preview" aria-hidden="true">
            <span className="signature-preview-text">{typedText}</span>
          </div>
        </div>
      )}
      {error ? (
        <p className="field-error" role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}
