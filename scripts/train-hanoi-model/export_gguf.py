"""Writes a trained checkpoint as a GGUF file llama.cpp loads as a llama model (f32 weights).

usage: python3 export_gguf.py CHECKPOINT.pt OUT.gguf   (gguf-py on PYTHONPATH: see train.sh)
"""
import sys
import gguf
import numpy as np
import torch
from tiny_llama import EOS, BOS, UNK, SPACE_ID, VOCAB, Config


def vocab():
    tokens, types = [b"<unk>", b"<s>", b"</s>"], [gguf.TokenType.UNKNOWN, gguf.TokenType.CONTROL, gguf.TokenType.CONTROL]
    for b in range(256):
        tokens.append(f"<0x{b:02X}>".encode())
        types.append(gguf.TokenType.BYTE)
    # SentencePiece writes a space as U+2581; llama.cpp's tokenizer does the same before lookup,
    # so this one normal piece is where every space lands (and detokenizes back to a space).
    tokens.append("\u2581".encode())
    types.append(gguf.TokenType.NORMAL)
    assert len(tokens) == VOCAB and tokens.index("\u2581".encode()) == SPACE_ID
    return tokens, types


def main(src, dst):
    ck = torch.load(src, map_location="cpu")
    cfg = Config(**ck["config"])
    sd = {k: v.float().numpy() for k, v in ck["state"].items()}
    w = gguf.GGUFWriter(dst, "llama")
    w.add_name("microfactory-hanoi-tiny")
    w.add_context_length(cfg.ctx)
    w.add_embedding_length(cfg.dim)
    w.add_block_count(cfg.layers)
    w.add_feed_forward_length(cfg.ffn)
    w.add_head_count(cfg.heads)
    w.add_head_count_kv(cfg.heads)
    w.add_rope_dimension_count(cfg.dim // cfg.heads)
    w.add_rope_freq_base(cfg.rope_base)
    w.add_layer_norm_rms_eps(cfg.eps)
    w.add_file_type(gguf.LlamaFileType.ALL_F32)
    w.add_vocab_size(VOCAB)
    tokens, types = vocab()
    w.add_tokenizer_model("llama")
    w.add_token_list(tokens)
    w.add_token_scores([0.0] * len(tokens))
    w.add_token_types(types)
    w.add_unk_token_id(UNK)
    w.add_bos_token_id(BOS)
    w.add_eos_token_id(EOS)
    w.add_add_bos_token(True)
    w.add_add_eos_token(False)
    w.add_add_space_prefix(False)
    names = {"embed.weight": "token_embd.weight", "norm.weight": "output_norm.weight", "out.weight": "output.weight"}
    per_block = {"attn_norm.weight": "attn_norm", "wq.weight": "attn_q", "wk.weight": "attn_k", "wv.weight": "attn_v", "wo.weight": "attn_output",
                 "ffn_norm.weight": "ffn_norm", "w1.weight": "ffn_gate", "w3.weight": "ffn_up", "w2.weight": "ffn_down"}
    for key, arr in sd.items():
        if key in names:
            name = names[key]
        else:
            _, i, rest = key.split(".", 2)
            name = f"blk.{i}.{per_block[rest]}.weight"
        w.add_tensor(name, np.ascontiguousarray(arr, dtype=np.float32))
    w.write_header_to_file()
    w.write_kv_data_to_file()
    w.write_tensors_to_file()
    w.close()
    print(f"[export] {dst}: {len(sd)} tensors, step {ck.get('step')}")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
