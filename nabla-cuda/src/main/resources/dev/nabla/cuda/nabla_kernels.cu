/*
 * Nabla's CUDA kernels, compiled at run time by NVRTC for the card (dev.nabla.cuda.CudaKernels).
 * Every kernel is extern "C" and reads its operands through an L layout (rank, offset, sizes,
 * strides) passed by value; its parameters are checked against each launch's arguments, and each
 * has a Java twin for the tests without a GPU (FakeKernels).
 */
#define MAX_RANK 8
/* NVRTC has no host headers, so no INFINITY or isnan from <math.h>. */
#define INF __int_as_float(0x7f800000)
#define ISNAN(x) ((x) != (x))
struct L { int rank; int offset; int size[MAX_RANK]; int stride[MAX_RANK]; };

/* Element i, counted in row-major order over l's shape, as an offset into the storage. */
__device__ __forceinline__ int at(const L& l, int i) {
    if (l.rank == 1) {
        return l.offset + i * l.stride[0];  /* a coalesced run: no division */
    }
    int off = l.offset;
    for (int d = l.rank - 1; d >= 0; d--) {
        int s = l.size[d];
        off += (i % s) * l.stride[d];
        i /= s;
    }
    return off;
}

#define FOR_EACH(i, n) for (int i = blockIdx.x * blockDim.x + threadIdx.x; i < (n); i += gridDim.x * blockDim.x)

__device__ float unary_op(int op, float x) {
    switch (op) {
        case 0: return -x;
        case 1: return expf(x);
        case 2: return logf(x);
        case 3: return sqrtf(x);
        case 4: return fabsf(x);
        case 5: return x > 0.f ? 1.f : (x < 0.f ? -1.f : x);
        case 6: if (x >= 0.f) { return 1.f / (1.f + expf(-x)); } else { float e = expf(x); return e / (1.f + e); }
        case 7: return tanhf(x);
        default: return x > 0.f ? x : 0.f;
    }
}

__device__ float binary_op(int op, float a, float b) {
    switch (op) {
        case 0: return a + b;
        case 1: return a - b;
        case 2: return a * b;
        case 3: return a / b;
        case 4: return powf(a, b);
        case 5: return (ISNAN(a) || ISNAN(b)) ? a + b : fmaxf(a, b);
        case 6: return (ISNAN(a) || ISNAN(b)) ? a + b : fminf(a, b);
        case 7: return b <= 0.f ? 0.f : a;
        case 8: return a == b ? 1.f : 0.f;
        case 9: return a != b ? 1.f : 0.f;
        case 10: return a < b ? 1.f : 0.f;
        case 11: return a <= b ? 1.f : 0.f;
        case 12: return a > b ? 1.f : 0.f;
        default: return a >= b ? 1.f : 0.f;
    }
}

__device__ int binary_int(int op, int a, int b) {
    switch (op) {
        case 0: return a + b;
        case 1: return a - b;
        case 2: return a * b;
        case 5: return a > b ? a : b;
        case 6: return a < b ? a : b;
        case 8: return a == b;
        case 9: return a != b;
        case 10: return a < b;
        case 11: return a <= b;
        case 12: return a > b;
        default: return a >= b;
    }
}

extern "C" __global__ void fill_f(float* out, float v, int n) { FOR_EACH(i, n) { out[i] = v; } }
extern "C" __global__ void fill_i(int* out, int v, int n) { FOR_EACH(i, n) { out[i] = v; } }

/* Contiguous copies with conversion: f float32, i int32, b bool (stored as int32, 0 or 1). */
extern "C" __global__ void copy_ff(const float* x, L lx, float* out, int n) { FOR_EACH(i, n) { out[i] = x[at(lx, i)]; } }
extern "C" __global__ void copy_ii(const int* x, L lx, int* out, int n) { FOR_EACH(i, n) { out[i] = x[at(lx, i)]; } }
extern "C" __global__ void copy_if(const int* x, L lx, float* out, int n) { FOR_EACH(i, n) { out[i] = (float) x[at(lx, i)]; } }
extern "C" __global__ void copy_fi(const float* x, L lx, int* out, int n) {
    FOR_EACH(i, n) { float v = x[at(lx, i)]; out[i] = ISNAN(v) ? 0 : (int) v; }
}
extern "C" __global__ void copy_fb(const float* x, L lx, int* out, int n) { FOR_EACH(i, n) { out[i] = x[at(lx, i)] != 0.f; } }
extern "C" __global__ void copy_ib(const int* x, L lx, int* out, int n) { FOR_EACH(i, n) { out[i] = x[at(lx, i)] != 0; } }

/* out and x in their layouts: copyInto, where out is a view of another tensor. */
extern "C" __global__ void copy_into_f(float* out, L lo, const float* x, L lx, int n) {
    FOR_EACH(i, n) { out[at(lo, i)] = x[at(lx, i)]; }
}
extern "C" __global__ void copy_into_i(int* out, L lo, const int* x, L lx, int n) {
    FOR_EACH(i, n) { out[at(lo, i)] = x[at(lx, i)]; }
}

extern "C" __global__ void unary_f(int op, const float* x, L lx, float* out, int n) {
    FOR_EACH(i, n) { out[i] = unary_op(op, x[at(lx, i)]); }
}

/* out in its own layout: binary (contiguous out) and binaryInto (out may alias a or b). */
extern "C" __global__ void binary_ff(int op, const float* a, L la, const float* b, L lb, float* out, L lo, int n) {
    FOR_EACH(i, n) { out[at(lo, i)] = binary_op(op, a[at(la, i)], b[at(lb, i)]); }
}
extern "C" __global__ void binary_fb(int op, const float* a, L la, const float* b, L lb, int* out, L lo, int n) {
    FOR_EACH(i, n) { out[at(lo, i)] = (int) binary_op(op, a[at(la, i)], b[at(lb, i)]); }
}
extern "C" __global__ void binary_ii(int op, const int* a, L la, const int* b, L lb, int* out, L lo, int n) {
    FOR_EACH(i, n) { out[at(lo, i)] = binary_int(op, a[at(la, i)], b[at(lb, i)]); }
}

extern "C" __global__ void where_f(const int* c, L lc, const float* a, L la, const float* b, L lb, float* out, int n) {
    FOR_EACH(i, n) { out[i] = c[at(lc, i)] ? a[at(la, i)] : b[at(lb, i)]; }
}

extern "C" __global__ void add_scaled_f(float* out, L lo, float alpha, const float* x, L lx, int n) {
    FOR_EACH(i, n) { int o = at(lo, i); out[o] = out[o] + alpha * x[at(lx, i)]; }
}

__device__ __forceinline__ float combine(int op, float acc, float x) {
    if (op == 0) { return acc + x; }
    if (op == 1) { return (x > acc || ISNAN(x)) ? x : acc; }
    return (x < acc || ISNAN(x)) ? x : acc;
}

__device__ __forceinline__ int combine(int op, int acc, int x) {
    return op == 0 ? acc + x : (op == 1 ? (x > acc ? x : acc) : (x < acc ? x : acc));
}

/*
 * The reduction of inner elements per output, each output's run cut into `splits` chunks: block b
 * reduces chunk b % splits of output b / splits into out[b] (256 threads striding over the chunk,
 * then a tree in shared memory). lx is permuted so that the kept dims come first and the reduced
 * ones last: element j of output o is x[at(lx, o * inner + j)]. With few outputs and long runs
 * (batch norm's per-channel sums) one block per output would leave most of the card idle, so the
 * caller splits them and reduces the [outer, splits] partials again with splits = 1.
 */
template <typename T>
__device__ void reduce_rows(int op, const T* x, L lx, T* out, int outer, int inner, int splits, T identity) {
    __shared__ T part[256];
    int chunk = (inner + splits - 1) / splits;
    for (int b = blockIdx.x; b < outer * splits; b += gridDim.x) {
        int o = b / splits;
        int begin = (b % splits) * chunk;
        int end = begin + chunk < inner ? begin + chunk : inner;
        T acc = identity;
        for (int j = begin + threadIdx.x; j < end; j += blockDim.x) { acc = combine(op, acc, x[at(lx, o * inner + j)]); }
        part[threadIdx.x] = acc;
        __syncthreads();
        for (int s = blockDim.x / 2; s > 0; s >>= 1) {
            if (threadIdx.x < s) { part[threadIdx.x] = combine(op, part[threadIdx.x], part[threadIdx.x + s]); }
            __syncthreads();
        }
        if (threadIdx.x == 0) { out[b] = part[0]; }
        __syncthreads();
    }
}

extern "C" __global__ void reduce_f(int op, const float* x, L lx, float* out, int outer, int inner, int splits) {
    reduce_rows<float>(op, x, lx, out, outer, inner, splits, op == 0 ? 0.f : (op == 1 ? -INF : INF));
}

/* On int32: sum, max, min, for index checks and counts. */
extern "C" __global__ void reduce_i(int op, const int* x, L lx, int* out, int outer, int inner, int splits) {
    reduce_rows<int>(op, x, lx, out, outer, inner, splits, op == 0 ? 0 : (op == 1 ? -2147483647 - 1 : 2147483647));
}

/* The first index of the largest (smallest) element of each output's inner run; the first NaN wins. */
extern "C" __global__ void arg_reduce_f(int isMax, const float* x, L lx, int* out, int outer, int inner) {
    FOR_EACH(o, outer) {
        int best = 0;
        float bestValue = x[at(lx, o * inner)];
        for (int j = 1; j < inner && !ISNAN(bestValue); j++) {
            float v = x[at(lx, o * inner + j)];
            if (isMax ? (v > bestValue || ISNAN(v)) : (v < bestValue || ISNAN(v))) { best = j; bestValue = v; }
        }
        out[o] = best;
    }
}

/*
 * out[c] = x[c with c[dim] = index[c]], c over index's shape (li.size). An index outside
 * [0, lx.size[dim]) reads nothing (an illegal address would poison the context): it sets *bad,
 * and the caller reports it.
 */
extern "C" __global__ void gather_f(const float* x, L lx, int dim, const int* index, L li, float* out, int* bad,
                                    int n) {
    FOR_EACH(i, n) {
        int rest = i, src = lx.offset;
        for (int d = li.rank - 1; d >= 0; d--) {
            int c = rest % li.size[d];
            rest /= li.size[d];
            if (d != dim) { src += c * lx.stride[d]; }
        }
        int k = index[at(li, i)];
        if (k < 0 || k >= lx.size[dim]) {
            atomicExch(bad, 1);
            out[i] = 0.f;
        } else {
            out[i] = x[src + k * lx.stride[dim]];
        }
    }
}

/* out (zeros, contiguous in lo) [c with c[dim] = index[c]] += src[c]: the adjoint of gather. */
extern "C" __global__ void scatter_add_f(float* out, L lo, int dim, const int* index, L li, const float* src, L ls, int n) {
    FOR_EACH(i, n) {
        int rest = i, dst = 0;
        for (int d = li.rank - 1; d >= 0; d--) {
            int c = rest % li.size[d];
            rest /= li.size[d];
            if (d != dim) { dst += c * lo.stride[d]; }
        }
        atomicAdd(out + dst + index[at(li, i)] * lo.stride[dim], src[at(ls, i)]);
    }
}

/*
 * Convolution geometry: batch n, channels c of which the group's start at c0 and number cg,
 * input h x w, kernel kh x kw, stride, padding at the start, dilation, output oh x ow.
 */
struct G { int n, c, c0, cg, h, w, kh, kw, sy, sx, py, px, dy, dx, oh, ow; };

/*
 * The windows of channels c0..c0+cg unfolded: cols[(c * kh + ki) * kw + kj][n * oh * ow + oy * ow + ox]
 * is x[n][c0 + c][oy * sy - py + ki * dy][ox * sx - px + kj * dx], 0 in the padding.
 */
extern "C" __global__ void im2col_f(const float* x, L lx, G g, float* cols, int total) {
    int width = g.n * g.oh * g.ow;
    FOR_EACH(i, total) {
        int col = i % width, row = i / width;
        int ni = col / (g.oh * g.ow), oy = col / g.ow % g.oh, ox = col % g.ow;
        int kj = row % g.kw, ki = row / g.kw % g.kh, c = row / (g.kw * g.kh);
        int y = oy * g.sy - g.py + ki * g.dy, xx = ox * g.sx - g.px + kj * g.dx;
        bool inside = y >= 0 && y < g.h && xx >= 0 && xx < g.w;
        cols[i] = inside ? x[lx.offset + ni * lx.stride[0] + (g.c0 + c) * lx.stride[1] + y * lx.stride[2]
                             + xx * lx.stride[3]] : 0.f;
    }
}

/*
 * The adjoint of im2col for channels c0..c0+cg of dx [n, c, h, w] (contiguous): each input element
 * gathers the columns its windows read it into, so no two threads write one element.
 */
extern "C" __global__ void col2im_f(const float* cols, G g, float* dx, int total) {
    int width = g.n * g.oh * g.ow;
    FOR_EACH(i, total) {
        int xx = i % g.w, y = i / g.w % g.h, c = i / (g.w * g.h) % g.cg, ni = i / (g.w * g.h * g.cg);
        float sum = 0.f;
        for (int ki = 0; ki < g.kh; ki++) {
            int ty = y + g.py - ki * g.dy;
            if (ty < 0 || ty % g.sy != 0 || ty / g.sy >= g.oh) { continue; }
            for (int kj = 0; kj < g.kw; kj++) {
                int tx = xx + g.px - kj * g.dx;
                if (tx < 0 || tx % g.sx != 0 || tx / g.sx >= g.ow) { continue; }
                int row = (c * g.kh + ki) * g.kw + kj;
                sum += cols[row * width + ni * g.oh * g.ow + ty / g.sy * g.ow + tx / g.sx];
            }
        }
        dx[((ni * g.c + g.c0 + c) * g.h + y) * g.w + xx] = sum;
    }
}

/*
 * Max pooling of x [n, c, h, w] (cg = c, one group): the value and the place (y * w + x in its plane)
 * of the first largest element of each window, or -inf and -1 for a window of padding only; NaN wins.
 */
extern "C" __global__ void max_pool_f(const float* x, L lx, G g, float* values, int* where, int total) {
    FOR_EACH(i, total) {
        int ox = i % g.ow, oy = i / g.ow % g.oh, plane = i / (g.ow * g.oh);
        int base = lx.offset + plane / g.c * lx.stride[0] + plane % g.c * lx.stride[1];
        int best = -1;
        float bestValue = -INF;
        for (int ki = 0; ki < g.kh; ki++) {
            int y = oy * g.sy - g.py + ki * g.dy;
            if (y < 0 || y >= g.h) { continue; }
            for (int kj = 0; kj < g.kw; kj++) {
                int xx = ox * g.sx - g.px + kj * g.dx;
                if (xx < 0 || xx >= g.w) { continue; }
                float v = x[base + y * lx.stride[2] + xx * lx.stride[3]];
                if (best < 0 || (!ISNAN(bestValue) && (v > bestValue || ISNAN(v)))) {
                    best = y * g.w + xx;
                    bestValue = v;
                }
            }
        }
        values[i] = bestValue;
        where[i] = best;
    }
}

/*
 * One SGD step over n elements, as the CPU's fused step: d = g + wd p; with a buffer b,
 * b = momentum b + damp d and the update is b (nesterov: d + momentum b); p += step * update.
 */
extern "C" __global__ void sgd_step_f(float* p, const float* g, float* b, int hasBuffer, float momentum,
                                      float damp, float wd, int nesterov, float step, int n) {
    FOR_EACH(i, n) {
        float d = wd == 0.f ? g[i] : g[i] + wd * p[i];
        float u = d;
        if (hasBuffer) {
            float v = b[i] * momentum + damp * d;
            b[i] = v;
            u = nesterov ? d + momentum * v : v;
        }
        p[i] = p[i] + step * u;
    }
}

/*
 * One Adam step over n elements, as the CPU's fused step: AdamW shrinks p, Adam adds wd p to the
 * gradient; m = b1 m + a1 g; v = b2 v + a2 g^2; p += step * m / (sqrt(v / c2) + eps).
 */
extern "C" __global__ void adam_step_f(float* p, const float* g, float* m, float* v, int decay, int decoupled,
                                       float shrink, float wd, float b1, float a1, float b2, float a2,
                                       float c2, float eps, float step, int n) {
    FOR_EACH(i, n) {
        float gi = g[i];
        if (decay && decoupled) {
            p[i] = p[i] * shrink;
        } else if (decay) {
            gi = gi + wd * p[i];
        }
        float mi = m[i] * b1 + a1 * gi;
        m[i] = mi;
        float vi = v[i] * b2 + a2 * (gi * gi);
        v[i] = vi;
        p[i] = p[i] + step * (mi / (sqrtf(vi / c2) + eps));
    }
}

/*
 * One RMSprop or Adagrad step over n elements, as the CPU's fused step: g += wd p;
 * sq = decay sq + scale g^2; u = g / (sqrt(sq) + eps); with a buffer, b = momentum b + u and
 * the update is b; p -= lr u.
 */
extern "C" __global__ void rms_step_f(float* p, const float* g, float* sq, float* b, int hasBuffer, float wd,
                                      float decay, float scale, float eps, float momentum, float lr, int n) {
    FOR_EACH(i, n) {
        float gi = wd == 0.f ? g[i] : g[i] + p[i] * wd;
        float si = sq[i] * decay + gi * gi * scale;
        sq[i] = si;
        float u = gi / (sqrtf(si) + eps);
        if (hasBuffer) {
            u = b[i] * momentum + u;
            b[i] = u;
        }
        p[i] = p[i] - u * lr;
    }
}

/* Per row of logits [rows, cols]: loss = logsumexp - (1 - eps) x_t - eps/C sum_j x_j, and the softmax. */
extern "C" __global__ void cross_entropy_f(const float* x, L lx, const int* t, L lt, float eps, float* loss,
                                           float* p, int rows, int cols) {
    FOR_EACH(r, rows) {
        float m = -INF, sum = 0.f;
        for (int j = 0; j < cols; j++) {
            float v = x[at(lx, r * cols + j)];
            m = (v > m || ISNAN(v)) ? v : m;
            sum += v;
        }
        float s = 0.f;
        for (int j = 0; j < cols; j++) { s += expf(x[at(lx, r * cols + j)] - m); }
        float lse = m + logf(s);
        float xt = x[at(lx, r * cols + t[at(lt, r)])];
        loss[r] = lse - (1.f - eps) * xt - eps / cols * sum;
        for (int j = 0; j < cols; j++) { p[r * cols + j] = expf(x[at(lx, r * cols + j)] - lse); }
    }
}

extern "C" __global__ void cross_entropy_backward_f(const float* p, const int* t, L lt, const float* g, L lg,
                                                    float eps, float* out, int rows, int cols) {
    FOR_EACH(i, rows * cols) {
        int r = i / cols, j = i % cols;
        float hit = j == t[at(lt, r)] ? 1.f - eps : 0.f;
        out[i] = g[at(lg, r)] * (p[i] - hit - eps / cols);
    }
}

/*
 * Batch normalisation on x [N, C, S], contiguous (the CPU's BatchNorms, dev.nabla.FusedNorm).
 * bn_sums_f: per channel, in chunks as reduce_rows cuts them: block b sums chunk b % splits of
 * channel b / splits over its N*S elements (element j at x[(j / s)*c*s + ch*s + j % s]) into
 * out[b], times scale. mode 0: sum x; 1: sum (x - mean)^2; 2: sum dy into out and sum dy*(x - mean) into
 * out2. The caller adds the chunks of each channel with reduce_f (with scale 1/(N*S), a mean).
 */
extern "C" __global__ void bn_sums_f(int mode, const float* x, const float* dy, const float* mean, int n, int c,
                                     int s, int splits, float scale, float* out, float* out2) {
    __shared__ float part[256];
    __shared__ float part2[256];
    int m = n * s;
    int chunk = (m + splits - 1) / splits;
    for (int b = blockIdx.x; b < c * splits; b += gridDim.x) {
        int ch = b / splits;
        int begin = (b % splits) * chunk;
        int end = begin + chunk < m ? begin + chunk : m;
        float mu = mode == 0 ? 0.f : mean[ch];
        float acc = 0.f;
        float acc2 = 0.f;
        for (int j = begin + threadIdx.x; j < end; j += blockDim.x) {
            int i = (j / s) * c * s + ch * s + j % s;
            float v = x[i] - mu;
            if (mode == 2) {
                acc += dy[i];
                acc2 += dy[i] * v;
            } else {
                acc += mode == 1 ? v * v : v;
            }
        }
        part[threadIdx.x] = acc;
        part2[threadIdx.x] = acc2;
        __syncthreads();
        for (int t = blockDim.x / 2; t > 0; t >>= 1) {
            if (threadIdx.x < t) {
                part[threadIdx.x] += part[threadIdx.x + t];
                part2[threadIdx.x] += part2[threadIdx.x + t];
            }
            __syncthreads();
        }
        if (threadIdx.x == 0) {
            out[b] = part[0] * scale;
            if (mode == 2) { out2[b] = part2[0] * scale; }
        }
        __syncthreads();
    }
}

/* y = (x - mean)/sqrt(var + eps)*w + b per channel; w and b read only when affine bits 1 and 2 are set. */
extern "C" __global__ void bn_forward_f(const float* x, const float* mean, const float* var, const float* w,
                                        const float* b, int affine, float eps, int c, int s, float* y, int total) {
    FOR_EACH(i, total) {
        int ch = (i / s) % c;
        float scale = ((affine & 1) ? w[ch] : 1.f) / sqrtf(var[ch] + eps);
        y[i] = (x[i] - mean[ch]) * scale + ((affine & 2) ? b[ch] : 0.f);
    }
}

/*
 * dx = w*invstd*(dy - sum dy/M - (x - mean)*invstd^2*sum dy(x - mean)/M), M = N*S, with the sums per
 * channel from bn_sums_f; w read only when hasWeight.
 */
extern "C" __global__ void bn_backward_f(const float* x, const float* dy, const float* mean, const float* var,
                                         const float* w, int hasWeight, const float* sumDy, const float* sumDyX,
                                         float eps, float invM, int c, int s, float* dx, int total) {
    FOR_EACH(i, total) {
        int ch = (i / s) % c;
        float inv = 1.f / sqrtf(var[ch] + eps);
        float a = (hasWeight ? w[ch] : 1.f) * inv;
        dx[i] = a * (dy[i] - sumDy[ch] * invM - (x[i] - mean[ch]) * inv * inv * sumDyX[ch] * invM);
    }
}

/* dweight = sum dy(x - mean)*invstd per channel. */
extern "C" __global__ void bn_weight_grad_f(const float* sumDyX, const float* var, float eps, float* dw, int c) {
    FOR_EACH(ch, c) { dw[ch] = sumDyX[ch] / sqrtf(var[ch] + eps); }
}
